-- wrk script: POST one anonymous response per request through a QR link, each from its own
-- "device" (client_id), so no two are duplicates; counts the 201s each thread got.
local counter = 0
created = 0
local threads = {}
local id = 0

function setup(thread)
  id = id + 1
  thread:set("tid", id)
  table.insert(threads, thread)
end

function init(args)
  tid = tid or 0
end

request = function()
  counter = counter + 1
  local nps = counter % 11
  local body = string.format(
    '{"client_id":"w%d-%d","answers":[{"question_id":1,"value":%d},{"question_id":2,"value":%d},' ..
    '{"question_id":3,"value":%d},{"question_id":4,"value":%d},{"question_id":5,"value":%d},' ..
    '{"question_id":6,"value":%d},{"question_id":7,"text":"服务很好 %d"}]}',
    tid, counter, nps, 1 + counter % 5, 1 + (counter + 1) % 5, 1 + (counter + 2) % 5,
    1 + (counter + 3) % 5, 1 + (counter + 4) % 5, counter)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
  if status == 201 then
    created = created + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + (t:get("created") or 0)
  end
  io.write(string.format("ACCEPTED %d\n", total))
end
