"""The register: people, organizations, commissioners, appointments and workstations.

Services take and return frozen dataclasses; every write runs in one change-log batch per user
action, and a rejected save writes nothing.
"""
