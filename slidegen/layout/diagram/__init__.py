"""Architecture diagrams: pure layout, request drawing and the change summary."""
