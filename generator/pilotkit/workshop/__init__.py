"""Workshops: exercise pilots with planted problems, hints, and scores from commits.

An exercise is data (`exercises/*.yaml`, or the template's `_pilotkit/workshop/`):
edits that plant a problem `check` finds, the rule ids it must raise, and edits that
solve it. `exercise` reads them, `edits` applies them, `kit` builds participants'
repositories, `score` grades what each participant committed.
"""
