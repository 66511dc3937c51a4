"""Data access: small keyword-only functions over one SQLModel session, one module per
group of tables; callers import the module they need."""
