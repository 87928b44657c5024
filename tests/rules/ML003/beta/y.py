from alpha import x
