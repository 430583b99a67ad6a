# The rehearsal stand-in mirrors this ai-toolkit version (reference/ai-toolkit.md, commit 27a03a9).
VERSION = "0.12.26"
