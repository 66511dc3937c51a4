"""The action plan: actions, the /actie dialog, how an action is shown, the plan per leerjaar, and
the reminders that follow an action up."""
