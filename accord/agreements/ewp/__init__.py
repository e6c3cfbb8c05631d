"""EWP IIA documents: our agreements as IIA v7, and the partners' copies imported and compared."""
