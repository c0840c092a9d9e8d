"""Safety data: the detector's phrases, crisis resources and the texts shown around them."""
