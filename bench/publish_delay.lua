-- wrk script: load_test.lua's title searches, each connection pausing
-- $DELAY_MS between requests, so that the load is a steady rate rather
-- than all the machine can do.
dofile(os.getenv("LOAD_TEST_LUA"))
local pause = tonumber(os.getenv("DELAY_MS") or "4")
delay = function() return pause end
