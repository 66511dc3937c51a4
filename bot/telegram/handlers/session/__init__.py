"""The work session: its steps and clock, hulpvragen, steekwoorden, the boards and their marks,
and members' answers."""
