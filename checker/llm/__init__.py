"""The model endpoint: gateway (openai + instructor + tenacity), prompts, response cache."""
