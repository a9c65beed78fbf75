"""Questionnaires as data.

Instruments (loading, checking, scoring), answering them one question at a time,
administrations, and the service-feedback summary.
"""
