"""The one exception type every layer raises for a mistake of the user's.

A bad store path, a broken lexicon or actor file, a bad option value: each is raised as
a subclass of `UserMistake` whose message names the cause and the fix in one sentence.
The command line prints it with exit status 2 and the web answers 4xx; anything else
that escapes is a bug. Kept free of imports so every layer can use it cheaply.
"""


class UserMistake(Exception):
    """Something the user can fix; the message says what and how."""
