-- Phones were masked as the first three and last four digits, so a seven-digit number showed whole. Stored masks now
-- show what Phones.mask shows: no digit below seven digits, else the last third (rounded, (n + 1) div 3) and at most
-- four; the length stays. A stored mask keeps its last four digits, which is all this needs. Running it again
-- changes nothing (Phones.remask is the same rule, for events that arrive masked the old way).
update dispatch_order
set masked_phone = case
        when char_length(masked_phone) < 7 then repeat('*', char_length(masked_phone))
        else concat(repeat('*', char_length(masked_phone) - least(4, (char_length(masked_phone) + 1) div 3)),
                    regexp_replace(right(masked_phone, least(4, (char_length(masked_phone) + 1) div 3)),
                                   '[^0-9]', '*'))
    end
where masked_phone regexp '[0-9]';
