"""Well-being referrals.

The record and its status history, the status state machine, waits, and the directory of
organisations that referrals name.
"""
