"""The team's calendar: Dutch dates and deadlines, the school calendar, /vakantie, and the team
meeting (/teamoverleg)."""
