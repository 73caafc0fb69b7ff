// The store is built in the files beside this one; this file only names the module.
