"""Background jobs on APScheduler: reminders and periodic sync; results reach the UI through one bridge."""
