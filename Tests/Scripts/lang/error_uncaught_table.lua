-- An uncaught non-string error value is described by its type.
error({})
-- expect error: (error object is a table value)
