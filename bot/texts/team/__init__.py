"""The groups and who is in them, who may do what (the policy), and a team split into linked sub-
groups (/koppel)."""
