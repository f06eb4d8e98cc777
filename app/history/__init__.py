"""What happened to the register and how to take it back: record history, undo/redo, the audit
trail, the recycle bin and its purge, merging two records that are one, and edit conflicts."""
