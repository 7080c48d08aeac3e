-- The statement that links an article's tags takes its tags as arrays. A plan made for one
-- call knows the arrays' lengths and so looks cheaper than the reusable plan, which assumes
-- ten elements: the server planned that statement again on most calls (42,486 plans in 73,058
-- calls over part of a crawl of the full simulated web, 0.6 ms each, about a sixth of the
-- server's work per stored article). Every statement of the commit function finds its rows by
-- a key through an index whatever the parameters are, so the function's statements keep one
-- plan per connection (487 plans over a whole crawl).
ALTER FUNCTION marsad_commit_article SET plan_cache_mode = force_generic_plan;
