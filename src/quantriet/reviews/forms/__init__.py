"""The annual review's forms: each hands clean values to a service."""
