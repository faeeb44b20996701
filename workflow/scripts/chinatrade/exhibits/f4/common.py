"""F4's shared piece: the rules for a change of sign, which both the spec check and the claim
name.
"""

from __future__ import annotations

SIGN_CHANGE_RULES = {
    "any_pair": "between any two of the compared years",
    "endpoints": "between the first and the last compared year",
}
