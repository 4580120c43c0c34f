# Our own pkuseg segmenter (issue 7): trained here from the UD treebanks, never downloaded, never committed.
#   make models     train models/pkuseg/ when it is missing or its inputs changed (a few minutes, 2 cores)
#   make eval-seg   word P/R/F1 and chars/s on GSDSimp test: jieba, jieba + user dict, pkuseg, pkuseg + user dict
# PKUSEG_ITERATIONS=N overrides the number of training passes; ZHMEET_SHARED points at another shared folder.

PKUSEG_DIR        := models/pkuseg
PKUSEG_ITERATIONS ?= 12
PKUSEG_SHARED     := $(or $(ZHMEET_SHARED),../shared)
PKUSEG_INPUTS     := $(wildcard $(PKUSEG_SHARED)/data/ud/*.conllu) \
                     $(wildcard $(PKUSEG_SHARED)/data/thuocl/*.txt) \
                     $(wildcard models/lexicons/policy_terms.tsv) \
                     pipeline/segmodels.py
# MANIFEST.json is written last and is the stamp; a deleted model file forces a rebuild too.
PKUSEG_OUTPUTS    := $(addprefix $(PKUSEG_DIR)/,features.msgpack weights.npz user_dict.txt)
PKUSEG_FORCE      := $(if $(filter-out $(wildcard $(PKUSEG_OUTPUTS)),$(PKUSEG_OUTPUTS)),pkuseg-force)

.PHONY: models eval-seg pkuseg-force

models: $(PKUSEG_DIR)/MANIFEST.json

$(PKUSEG_DIR)/MANIFEST.json: $(PKUSEG_INPUTS) $(PKUSEG_FORCE) | venv
	ZHMEET_SHARED=$(PKUSEG_SHARED) $(PY) -m pipeline.segmodels train --iterations $(PKUSEG_ITERATIONS) --out $(PKUSEG_DIR)

pkuseg-force:

eval-seg: models | venv
	ZHMEET_SHARED=$(PKUSEG_SHARED) $(PY) -m pipeline.segmodels eval --model $(PKUSEG_DIR) --out out/eval_seg.json
