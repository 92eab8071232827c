"""Dramatiq broker set-up and thin actors (see issue 4)."""
