package io.reclaim.itests;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The containment suite with {@code containment = cgroup} set through Configuration Admin. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CgroupContainmentIT extends ContainmentITSupport {

    @Configuration
    public Option[] configuration() {
        return withJna();
    }

    @Override
    protected String mode() {
        return "cgroup";
    }
}
