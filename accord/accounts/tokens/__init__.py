"""Personal API tokens: the secret shown once, only its hash stored; list, create, revoke, authenticate."""
