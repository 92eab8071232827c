"""People's own records beside the approval policy: absences with their deputies, and notification choices.

The policy (TOML) says who may act; what changes day by day is recorded as events here, in the same
event store as the invoices: `absences.Absences`, one stream for the whole city (every absence, with
who recorded it and when), and `preferences.PersonPreferences`, one stream per person (how they want
to be told, and the digests sent to them). `absences.with_absences` gives the policy in force: the
file's deputies plus the recorded absences.
"""
