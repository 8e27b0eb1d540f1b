"""The parts of `plan.py`: periods, usage accounting, projection, thresholds, top-ups.

Import from `custom_components.data_balance.plan`; this package is its implementation.
"""
