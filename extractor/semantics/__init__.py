"""Budget semantics: table types, measures, codes, yuan, line items, metadata, narrative facts."""
