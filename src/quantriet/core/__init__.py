"""The platform's generic Django core, knowing no app.

Each module here is the one place a class of input or output is handled, so that a fix made once holds
for every app that comes later: text typed by users (``textinput``), whole numbers from query strings
and forms (``numbers``), JSON bodies (``jsonbody``).
"""
