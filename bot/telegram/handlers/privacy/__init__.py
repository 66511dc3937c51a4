"""/privacy, /vergeetmij and how long data is kept."""
