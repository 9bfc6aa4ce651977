print("vmrepl: not built yet")
