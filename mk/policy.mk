# Policy-term discovery (issue 3): the background of ordinary vocabulary that salient heading / topic terms
# are checked against, from the UD treebanks and THUOCL caijing/law in $(SHARED)/data. Small JSON, committed.
.PHONY: background

background: models/background/ordinary_words.json

models/background/ordinary_words.json: pipeline/stages/policy_terms.py | venv
	$(PY) -m pipeline.stages.policy_terms build
