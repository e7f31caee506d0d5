"""Grading a whole class: find the submissions, grade them in parallel, resume, report.

    roster      a class folder or a Gradescope export → Entry records (who, which path)
    store       a key per submission and rubric; one results JSON per key, written atomically
    workers     forked processes, each with its own sandbox, fed one submission at a time
    run         the `batch` verb: ties the above together, with a progress bar
    gradebook   results → rows and class statistics, shared by the CSV, the report and the summary
    grades_csv  grades.csv;  report  report.html;  diff  the `regrade-diff` verb
"""
