"""Reading numbers out of text: the number finder, coverage and propose's drafts."""
