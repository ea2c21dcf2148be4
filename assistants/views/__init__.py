"""The assistants' pages, one module per seam: `lifecycle`, `plans`, `assessments`, `court`."""
