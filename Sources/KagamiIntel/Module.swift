// The analyses live in the folders beside this file; this file only names the module.
