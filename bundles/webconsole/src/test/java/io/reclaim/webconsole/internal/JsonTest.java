package io.reclaim.webconsole.internal;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

public class JsonTest {

    @Test
    public void textIsEscapedSoThatNoValueCanCloseAScriptOrAString() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "a\"b\\c\n</script><b>");
        map.put("n", 3L);
        map.put("none", null);
        map.put("list", Arrays.asList(1, "x", true));
        assertEquals("{\"name\":\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u003cb\\u003e\",\"n\":3,\"none\":null,\"list\":[1,\"x\",true]}",
                Json.write(map));
    }
}
