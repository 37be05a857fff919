"""Reading YAML with positions, guarding against bad files, collecting every problem."""
