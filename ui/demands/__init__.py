"""The demands screen: the list and board, one demand's page, and its dialogs."""
