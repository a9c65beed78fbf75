"""The criminal-justice journey.

Events and matters, the event catalogue, what they add up to (stage, outcome, deadlines, the
diary), and support at court.
"""
