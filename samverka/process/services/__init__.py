"""The process app's writes, one module per part (problems, goals, plans, …)."""
