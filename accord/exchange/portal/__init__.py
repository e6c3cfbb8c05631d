"""The student portal: browse a call's destinations, apply, add documents, see results, answer offers."""
