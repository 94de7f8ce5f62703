"""The platform's generic Django core, knowing no app.

Each module here is the one place a class of input or output is handled, so that a fix made once holds
for every app that comes later: text typed by users (``textinput``), whole numbers from query strings
and forms (``numbers``), JSON bodies (``jsonbody``). Above them stand what every app builds on: who acts
and who is an operator (``actors``), the JSON API shell (``api``), forms whose last check is a service
(``forms``), paged lists (``paging``), spreadsheets read into rows (``sheets``) and the command line's
Django set-up (``cli``).
"""
