"""Documents filed with an agreement (signed agreements, annexes) and the agreement generated as a PDF."""
