// CSV module
