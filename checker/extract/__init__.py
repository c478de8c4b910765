"""Claims from one article: sentences and quotes, attribution, hedging, time; the offline and LLM engines."""
