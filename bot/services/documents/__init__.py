"""What the team keeps: /poster, /export, the summary (/samenvatting) and the files they are
rendered to."""
