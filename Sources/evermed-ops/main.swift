print("evermed-ops")
