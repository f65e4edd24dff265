"""A synthetic region for demonstrations and benchmarks: `manage.py seed_demo`.

Nothing here comes from a person: every case is drawn from the shape of the region's
published figures (region.py) by a seeded random generator (cases.py), so a seed always
gives the same region.
"""
