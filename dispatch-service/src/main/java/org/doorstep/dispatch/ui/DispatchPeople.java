package org.doorstep.dispatch.ui;

import jakarta.enterprise.context.ApplicationScoped;
import org.doorstep.common.ui.DemoPeople;
import org.doorstep.dispatch.model.Grid;
import org.doorstep.dispatch.model.VolunteerCopy;

import java.util.ArrayList;
import java.util.List;

/** On the local sign-in page: a grid worker "w<grid id>" for each grid, and each volunteer dispatch knows. */
@ApplicationScoped
public class DispatchPeople implements DemoPeople {

    @Override
    public List<Person> people() {
        List<Person> people = new ArrayList<>();
        for (Grid grid : Grid.<Grid>listAll()) {
            people.add(new Person("GRID_WORKER", "w" + grid.id, List.of(grid.id),
                    "Grid worker w" + grid.id + " — " + grid.name, "/console/"));
        }
        for (VolunteerCopy volunteer : VolunteerCopy.<VolunteerCopy>listAll()) {
            people.add(new Person("VOLUNTEER", String.valueOf(volunteer.volunteerId), List.of(),
                    "Volunteer " + volunteer.name + " (" + volunteer.volunteerId + ")", "/volunteer/"));
        }
        return people;
    }
}
